# Starting, steering and reading the emulator from Pester tests.

$script:AccessKey = 'AKPESTER0000000000000000000000000'
$script:SecretKey = 'SKPESTERsecret-8f2c7a1d9e0b4c3a'

function Get-TestModulePath { $env:QIANFAN_TEST_MODULE }

function Get-TestKeys {
    [pscustomobject]@{ AccessKey = $script:AccessKey; SecretKey = $script:SecretKey }
}

function New-TestCredential([string] $AccessKey = $script:AccessKey, [string] $SecretKey = $script:SecretKey) {
    [pscredential]::new($AccessKey, (ConvertTo-SecureString $SecretKey -AsPlainText -Force))
}

<#
The environment variables a test file changes, as they were (null for one not set), for
Restore-TestEnvironment to put back when the file ends; -Clear unsets them meanwhile, so keys and
endpoint come only from what each test sets up.
#>
function Save-TestEnvironment([string[]] $Name, [switch] $Clear) {
    $saved = @{}
    foreach ($variable in $Name) { $saved[$variable] = [Environment]::GetEnvironmentVariable($variable) }
    if ($Clear) { Clear-TestEnvironment -Name $Name }
    $saved
}

function Restore-TestEnvironment([hashtable] $Saved) {
    foreach ($variable in $Saved.Keys) { Set-TestVariable $variable $Saved[$variable] }
}

function Clear-TestEnvironment([string[]] $Name) {
    foreach ($variable in $Name) { Set-TestVariable $variable $null }
}

# Null unsets the variable. Not [Environment]::SetEnvironmentVariable: PowerShell hands a .NET string
# parameter an empty string for $null, which leaves the variable set, to nothing.
function Set-TestVariable([string] $Name, $Value) {
    if ($null -eq $Value) { Remove-Item -LiteralPath "Env:$Name" -ErrorAction Ignore }
    else { Set-Item -LiteralPath "Env:$Name" -Value $Value }
}

<# Runs $ScriptBlock with the environment variables in $Variables set (null unsets one), and puts them back after, whatever happens. #>
function Use-TestEnvironment([hashtable] $Variables, [scriptblock] $ScriptBlock) {
    $saved = Save-TestEnvironment -Name @($Variables.Keys)
    try {
        foreach ($variable in $Variables.Keys) { Set-TestVariable $variable $Variables[$variable] }
        & $ScriptBlock
    }
    finally {
        Restore-TestEnvironment $saved
    }
}

<#
Starts the emulator on a free loopback port with the test keys (or others, and an STS token, which
it then requires); returns an object with Url and Process. Extra emulator options go in -Arguments
(e.g. '--tasks', '1000'). The secret key and token go in the emulator's environment, not on its
command line, where every local user could read them; they are fixed for the emulator's life.
#>
function Start-TestEmulator {
    param(
        [string[]] $Arguments = @(),
        [string] $AccessKey = $script:AccessKey,
        [string] $SecretKey = $script:SecretKey,
        [string] $SecurityToken
    )
    $dotnet = (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source
    $start = New-TestProcessStartInfo $dotnet (@($env:QIANFAN_TEST_EMULATOR, '--port', '0', '--access-key', $AccessKey) + $Arguments)
    $start.Environment['QIANFAN_EMULATOR_SECRET_KEY'] = $SecretKey
    if ($SecurityToken) { $start.Environment['QIANFAN_EMULATOR_SECURITY_TOKEN'] = $SecurityToken }
    else { $null = $start.Environment.Remove('QIANFAN_EMULATOR_SECURITY_TOKEN') }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait([TimeSpan]::FromSeconds(30)) -or $null -eq $line.Result) {
        $process.Kill()
        throw "The emulator did not start: $($process.StandardError.ReadToEnd())"
    }
    if ($line.Result -notmatch '(https?://\S+)') { throw "Unexpected first line from the emulator: $($line.Result)" }
    [pscustomobject]@{ Url = $Matches[1]; Process = $process }
}

function Stop-TestEmulator($Emulator) {
    if ($Emulator -and -not $Emulator.Process.HasExited) {
        $Emulator.Process.Kill()
        $null = $Emulator.Process.WaitForExit(10000)
    }
}

function Get-EmulatorStats($Emulator) {
    Invoke-RestMethod -Uri "$($Emulator.Url)/_emulator/stats" -Method Get
}

function Reset-EmulatorStats($Emulator) {
    $null = Invoke-RestMethod -Uri "$($Emulator.Url)/_emulator/reset-stats" -Method Post
}

function Set-EmulatorConfig($Emulator, [hashtable] $Config) {
    Invoke-RestMethod -Uri "$($Emulator.Url)/_emulator/config" -Method Post -ContentType 'application/json' -Body ($Config | ConvertTo-Json)
}

<# Puts tasks in the table: -Tasks @(@{ taskId = 'x'; runStatus = 'Stopped' }, ...); -Replace empties it first. #>
function Set-EmulatorTasks($Emulator, [object[]] $Tasks, [switch] $Replace) {
    $body = @{ tasks = @($Tasks); replace = [bool]$Replace } | ConvertTo-Json -Depth 5
    $null = Invoke-RestMethod -Uri "$($Emulator.Url)/_emulator/tasks" -Method Post -ContentType 'application/json' -Body $body
}

function Get-EmulatorTasks($Emulator) {
    Invoke-RestMethod -Uri "$($Emulator.Url)/_emulator/tasks" -Method Get
}

<#
The emulator's ways of paging the task list, for Describe -ForEach: every test that lists over
more than one page runs against each ('vendor': marker echoed and nextMarker, as the vendor's answers
page; 'last-id': the page's last task as the marker, the older shape). A list that fits one page is
answered alike in both ({"marker": "", "isTruncated": false}), so tests that only list one page run once.
#>
function Get-PagingShapes {
    @(@{ Paging = 'vendor' }, @{ Paging = 'last-id' })
}

function Set-EmulatorPaging($Emulator, [string] $Paging) {
    $null = Set-EmulatorConfig $Emulator @{ paging = $Paging }
}

<#
Sends a JSON body and returns the answer's StatusCode and Content whatever the status, on both editions
(Windows PowerShell has no -SkipHttpErrorCheck: an error status throws, carrying the answer).
#>
function Invoke-TestHttp([string] $Uri, [string] $Method = 'Post', [string] $Body) {
    try {
        $response = Invoke-WebRequest -Uri $Uri -Method $Method -ContentType 'application/json' -Body $Body -UseBasicParsing
        [pscustomobject]@{ StatusCode = [int]$response.StatusCode; Content = [string]$response.Content }
    }
    catch {
        if ($null -eq $_.Exception.Response) { throw }
        [pscustomobject]@{ StatusCode = [int]$_.Exception.Response.StatusCode; Content = [string]$_.ErrorDetails.Message }
    }
}

<# How many requests of an action the emulator accepted (0 when none). #>
function Get-ActionCount($Stats, [string] $Action) {
    $property = $Stats.byAction.PSObject.Properties[$Action]
    if ($property) { [int]$property.Value } else { 0 }
}

<#
One argument as a command line carries it: quoted when it holds a space or a quote (or is empty), with
a quote, and the backslashes before one, escaped as the runtime's own parser reads them back. Windows
PowerShell's ProcessStartInfo has no ArgumentList, so arguments go in one string there and here alike.
#>
function ConvertTo-CommandLineArgument([string] $Argument) {
    if ($Argument.Length -gt 0 -and $Argument -notmatch '[\s"]') { return $Argument }
    $escaped = [regex]::Replace($Argument, '(\\*)"', { param($m) $m.Groups[1].Value * 2 + '\"' })
    $escaped = [regex]::Replace($escaped, '(\\+)$', { param($m) $m.Groups[1].Value * 2 })
    '"' + $escaped + '"'
}

<# A ProcessStartInfo for -FilePath with -ArgumentList, each argument arriving as given. #>
function New-TestProcessStartInfo([string] $FilePath, [string[]] $ArgumentList = @()) {
    $start = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    $start.Arguments = ($ArgumentList | ForEach-Object { ConvertTo-CommandLineArgument $_ }) -join ' '
    $start
}

<#
The PowerShell running the tests, to start as a child: its executable, and the arguments that come before
the child's own (pwsh.dll, when pwsh runs as a .NET tool through the dotnet host). Windows PowerShell is
powershell.exe in $PSHOME.
#>
function Get-TestPowerShell {
    $windows = [System.Environment]::OSVersion.Platform -eq 'Win32NT'
    $executable = if ($PSVersionTable.PSEdition -eq 'Desktop') { 'powershell.exe' } elseif ($windows) { 'pwsh.exe' } else { 'pwsh' }
    $path = Join-Path $PSHOME $executable
    if (Test-Path $path) { return [pscustomobject]@{ Path = $path; Prefix = @() } }
    [pscustomobject]@{ Path = (Get-Process -Id $PID).Path; Prefix = @(Join-Path $PSHOME 'pwsh.dll') }
}

<#
Runs -Command in a fresh PowerShell process (settings read once per process, such as the proxy
variables, start clean there) with -Environment added to this one's ($null removes a variable);
returns ExitCode, Output (stdout) and Errors (stderr).
#>
function Invoke-TestPwsh {
    param([Parameter(Mandatory)] [string] $Command, [hashtable] $Environment = @{})
    $powershell = Get-TestPowerShell
    $start = New-TestProcessStartInfo $powershell.Path ($powershell.Prefix + @('-NoProfile', '-NonInteractive', '-Command', $Command))
    foreach ($name in $Environment.Keys) {
        if ($null -eq $Environment[$name]) { $null = $start.Environment.Remove($name) } else { $start.Environment[$name] = [string]$Environment[$name] }
    }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $output = $process.StandardOutput.ReadToEndAsync()
    $errors = $process.StandardError.ReadToEndAsync()
    if (-not $process.WaitForExit(120000)) { $process.Kill(); throw 'The child PowerShell did not finish in 120 s.' }
    [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $output.Result; Errors = $errors.Result }
}

Export-ModuleMember -Function *
