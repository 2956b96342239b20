// Kept for branches in flight; remove after merge. The entity kinds are listed in src/core/ref/kinds/index.ts;
// nothing needs importing for its side effects any more.
export {};
