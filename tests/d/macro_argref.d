/* argref: arguments the script does not use are allowed. */
#pragma D option argref

BEGIN
{
	printf("%d\n", $1);
	exit(0);
}
