/* EXPECT: D_DECL_INCOMPLETE at 3:15: a struct member needs its type defined first. */
struct outer {
	struct inner in;
};

struct inner {
	int v;
};
