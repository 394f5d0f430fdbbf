// The whole of picomatch, for dist/vendor/picomatch.cjs (see vendor-picomatch.cjs).
import library from 'picomatch';

export default library;
