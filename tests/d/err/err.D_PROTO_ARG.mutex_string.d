/* EXPECT: D_PROTO_ARG at 4:20: a mutex is an address, not a string. */
BEGIN
{
	trace(mutex_owned("lock"));
}
