/* EXPECT: D_PROTO_ARG at 6:14: bcopy() writes only into alloca() memory. */
int *ptr;

BEGIN
{
	bcopy("ab", ptr, 2);
}
