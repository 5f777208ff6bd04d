/** The board's answers to commands live with the protocol library's fixtures, shared with the simulator. */
export * from '../../libs/board-protocol/src/testing/board-answers';
