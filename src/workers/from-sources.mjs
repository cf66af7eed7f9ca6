// Worker entry used only when Vigie runs from its TypeScript sources (tests, tsx): the worker
// thread registers the tsx loader itself, since hooks registered on the main thread do not reach it.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./worker.ts');

export const { parse, analyse } = worker;
