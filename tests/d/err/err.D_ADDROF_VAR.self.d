/* EXPECT: D_ADDROF_VAR at 5:8: the address of a thread-local. */
BEGIN
{
	self->n = 1;
	trace(&self->n);
}
