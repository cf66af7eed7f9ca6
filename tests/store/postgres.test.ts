/** The store contract on PostgreSQL (127.0.0.1:5432, database `test`, unless VIGIE_TEST_POSTGRES_URL says otherwise). */
import { describeService, POSTGRES_URL, postgresAvailable } from '../helpers/services.js';
import { storeContract } from './store-contract.js';

const postgres = await postgresAvailable();

describeService(postgres, 'PostgreSQL store', () => {
  storeContract({ url: POSTGRES_URL, shared: true, nativeExpiry: false });
});
