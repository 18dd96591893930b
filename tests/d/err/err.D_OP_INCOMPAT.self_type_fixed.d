/* EXPECT: D_OP_INCOMPAT at 9:12: self->t holds an integer. */
BEGIN
{
	self->t = timestamp;
}

END
{
	self->t = "late";
}
