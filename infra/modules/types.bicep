// Types shared by the modules.

@export()
@description('Resource tags: names to string values.')
type Tags = {
  *: string
}

@export()
@description('Application settings of the function app: names to string values.')
type AppSettings = {
  *: string
}
