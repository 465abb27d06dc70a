// Public face of the catalog. The raw tables (types.ts and the data modules) stay internal.
export {};
