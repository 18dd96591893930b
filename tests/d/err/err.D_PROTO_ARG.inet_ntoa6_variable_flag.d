/* EXPECT: D_PROTO_ARG at 6:47: inet_ntoa6()'s second argument is a constant. */
BEGIN
{
	this->p = (struct in6_addr *)alloca(16);
	full = 1;
	trace(inet_ntoa6((struct in6_addr *)this->p, full));
}
