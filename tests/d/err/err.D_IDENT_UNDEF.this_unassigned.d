/* EXPECT: D_IDENT_UNDEF at 4:8: this->x is never assigned before. */
BEGIN
{
	trace(this->x + 1);
}
