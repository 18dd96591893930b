/* EXPECT: D_DECL_PROTO_VARARGS at 2:7: ... in an array's keys. */
int a[...];
