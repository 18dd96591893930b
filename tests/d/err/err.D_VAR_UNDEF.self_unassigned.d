/* EXPECT: D_VAR_UNDEF at 4:8: self->ts is never assigned before. */
BEGIN
{
	trace(self->ts);
}
