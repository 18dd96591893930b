/* EXPECT: D_ARR_BOUNDS at 9:16: a constant index past an array member. */
struct rec {
	char name[8];
};

BEGIN
{
	r = (struct rec *)alloca(sizeof (struct rec));
	trace(r->name[8]);
	exit(0);
}
