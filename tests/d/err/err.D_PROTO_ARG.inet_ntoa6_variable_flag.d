/* EXPECT: D_PROTO_ARG at 6:28: inet_ntoa6()'s second argument is a constant. */
BEGIN
{
	this->p = (void *)alloca(16);
	full = 1;
	trace(inet_ntoa6(this->p, full));
}
