BEGIN
{
	trace(pdi);
}
