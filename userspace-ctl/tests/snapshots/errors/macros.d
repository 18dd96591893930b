BEGIN
{
	trace($target);
	trace($3);
	trace($foo);
	trace($1);
}
