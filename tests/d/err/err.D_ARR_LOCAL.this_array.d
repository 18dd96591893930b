/* EXPECT: D_ARR_LOCAL at 4:2: clause-local variables are scalars. */
BEGIN
{
	this->x[1] = 2;
}
