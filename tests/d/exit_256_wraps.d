BEGIN
{
	exit(256);
}
