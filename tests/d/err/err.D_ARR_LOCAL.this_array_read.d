/* EXPECT: D_ARR_LOCAL at 4:8: nor can one be read as an array. */
BEGIN
{
	trace(this->y[1, 2]);
}
