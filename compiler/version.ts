// The compiler version written into every bundle manifest; bump with package.json.
export const COMPILER_VERSION = '0.1.0';
