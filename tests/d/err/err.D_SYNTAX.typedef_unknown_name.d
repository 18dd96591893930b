/* EXPECT: D_SYNTAX at 2:9: a typedef of a name that is no type. */
typedef nosuchtype my_t;

BEGIN
{
	exit(0);
}
