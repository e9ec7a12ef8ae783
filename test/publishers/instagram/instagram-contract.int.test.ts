import { runPublisherContract } from '../../contract/publisher-contract.js';
import { metaContractHarness } from '../graph/meta-harness.js';

runPublisherContract('instagram', metaContractHarness('instagram'));
