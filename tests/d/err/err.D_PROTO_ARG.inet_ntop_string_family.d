/* EXPECT: D_PROTO_ARG at 5:18: inet_ntop()'s family is an integer. */
BEGIN
{
	this->p = (void *)alloca(4);
	trace(inet_ntop("inet", this->p));
}
