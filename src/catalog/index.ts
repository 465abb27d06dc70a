// Public face of the catalog. The raw tables (types.ts and the data modules) stay internal.
export * from './engine-version';
export * from './node-type';
