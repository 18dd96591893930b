/* bool starts a declaration, as the _t names do. */
bool b;
this bool t;

BEGIN
{
	this->t = 1;
	b = (bool)1;
	printf("%d %d %d\n", b, this->t, sizeof(bool));
	exit(0);
}
