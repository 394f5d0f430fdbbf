// The whole of @dagrejs/dagre, for dist/vendor/dagre.cjs (see vendor-dagre.cjs).
import library from '@dagrejs/dagre';

export default library;
