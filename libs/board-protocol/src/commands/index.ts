/** Control commands (board-protocol §3): the table, validation, wire building and reply matching. */
export type {
  CommandFamily, CommandReports, CommandSpec, EnumParamSpec, IntegerParamSpec, ParamSpec, StringParamSpec, TidRule,
} from './command-spec';
export { COMMAND_TABLE, commandNames, getCommandSpec } from './command-table';
export { COMMAND_NAME_PATTERN, MAX_POSITIONAL, validateCommand, type ValidatedCommand } from './validate-command';
export { MAX_PASS_THROUGH_CHARS } from './validate-param';
export { TID_PATTERN, toCtrlQuery, toNamed, toTcpCommand } from './build-command';
export { classifyBoardReply, reportOutcome, type BoardReply } from './command-reply';
