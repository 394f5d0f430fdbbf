export { runInit } from './sync.js';
