BEGIN
{
	exit(0);
}

END
{
	exit(4);
}
