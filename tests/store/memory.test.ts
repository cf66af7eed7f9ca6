/** The store contract on the in-memory backend (`memory://`). */
import { describe } from 'vitest';
import { storeContract } from './store-contract.js';

describe('memory store', () => {
  storeContract({ url: 'memory://', shared: false, nativeExpiry: false });
});
