export * from './publicKey';
export * from './privateKey';
export * from './serviceRules';
