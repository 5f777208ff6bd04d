export { adminToken, halfToken } from './admin-token';
