export { BOARD_DEFAULT_TZ_OFFSET_HOURS, formatBoardTime, parseBoardTime } from './board-time';
