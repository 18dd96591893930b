BEGIN
{
	exit(0);
}

END
{
	trace(7);
}
