BEGIN
/0/
{
	exit(1);
}

BEGIN
{
	exit(6);
}
