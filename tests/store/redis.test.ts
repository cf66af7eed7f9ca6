/** The store contract on Redis (127.0.0.1:6379 unless VIGIE_TEST_REDIS_URL says otherwise). */
import { describeService, REDIS_URL, redisAvailable } from '../helpers/services.js';
import { storeContract } from './store-contract.js';

const redis = await redisAvailable();

describeService(redis, 'Redis store', () => {
  storeContract({ url: REDIS_URL, shared: true, nativeExpiry: true });
});
