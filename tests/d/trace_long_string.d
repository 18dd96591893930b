BEGIN
{
	trace("a string longer than thirty-three characters");
	exit(0);
}
