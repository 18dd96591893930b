/* EXPECT: D_DECL_PROTO_NAME at 2:12: a void parameter with a name. */
int f(void v);
