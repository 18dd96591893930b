/* EXPECT: D_DEREF_VOID at 7:8: a void * points at nothing of known size. */
void *p;

BEGIN
{
	p = (void *)8;
	trace(*p);
}
