BEGIN
{
	exit(255);
}
