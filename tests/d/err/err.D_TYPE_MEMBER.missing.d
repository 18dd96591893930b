/* EXPECT: D_TYPE_MEMBER at 6:8: struct s has no y. */
struct s { int x; };

BEGIN
{
	trace(((struct s *)8)->y);
}
