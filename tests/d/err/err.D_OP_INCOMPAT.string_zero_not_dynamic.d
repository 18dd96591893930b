/* EXPECT: D_OP_INCOMPAT at 6:12: 0 deletes only a self-> variable or an array element. */
BEGIN
{
	self->s = "deleted by 0";
	this->s = "not";
	this->s = 0;
}
