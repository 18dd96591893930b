/* EXPECT: D_XLATE_INCOMPAT at 9:6: an int member given a string. */
struct named {
	int id;
};

translator struct named < int n >
{
	id =
	    execname;
};

BEGIN
{
	exit(0);
}
