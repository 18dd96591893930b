/* EXPECT: D_PROTO_ARG at 5:19: inet_ntoa6() takes a struct in6_addr *. */
BEGIN
{
	this->p = (uint32_t *)alloca(16);
	trace(inet_ntoa6(this->p));
}
