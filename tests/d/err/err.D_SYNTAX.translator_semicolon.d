/* EXPECT: D_SYNTAX at 10:1: the translator's `}` needs its `;`. */
struct box {
	int v;
};

translator struct box < int n > {
	v = n;
}

BEGIN
{
	exit(0);
}
