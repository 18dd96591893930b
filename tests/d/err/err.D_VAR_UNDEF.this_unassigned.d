/* EXPECT: D_VAR_UNDEF at 4:8: this->x is never assigned before. */
BEGIN
{
	trace(this->x + 1);
}
