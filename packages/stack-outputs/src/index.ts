// @milvus-on-clouds/stack-outputs: the outputs contract every Milvus stack of
// milvus-on-clouds exports, and the helper app projects read a stack with.
export * from "./contract";
export * from "./deployment-record";
export * from "./consumer";
