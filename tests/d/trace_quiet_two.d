BEGIN
{
	trace(1);
	trace("x");
	trace(2);
	exit(0);
}
