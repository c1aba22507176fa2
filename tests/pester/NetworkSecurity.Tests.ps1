# Network and secret handling of the built module: loopback never through a proxy, a failing proxy
# named without its password, no URL password in any error, the STS token trimmed and checked once,
# the signature lifetime setting, and what Disconnect-Qianfan does with the keys it forgets.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }

    $script:variables = 'QIANFAN_ACCESS_KEY', 'QIANFAN_SECRET_KEY', 'QIANFAN_SECURITY_TOKEN', 'QIANFAN_CONSOLE_API_BASE_URL', 'QIANFAN_IAM_SIGN_EXPIRATION_SEC'
    $script:savedEnvironment = Save-TestEnvironment -Name $variables -Clear
    Disconnect-Qianfan

    $script:emulator = Start-TestEmulator -Arguments '--tasks', '3'
    $script:keys = Get-TestKeys
    $script:good = New-TestCredential
    $script:c = @{ Credential = $good; Endpoint = $emulator.Url }

    # The session's credential, which no script can reach (its class is internal), read by reflection.
    $script:session = (Get-Module Qianfan).ImplementingAssembly.GetType('Qianfan.Connection.QianfanSession', $true)
    function Get-SessionCredential { $session.GetProperty('Credential').GetValue($null) }

    # The proxy variables .NET reads, in both spellings; a child process gets exactly the ones a test sets.
    $script:proxyVariables = 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'no_proxy'
    function New-ChildEnvironment([string] $Proxy, [string] $Endpoint) {
        $environment = @{
            QIANFAN_ACCESS_KEY           = $keys.AccessKey
            QIANFAN_SECRET_KEY           = $keys.SecretKey
            QIANFAN_CONSOLE_API_BASE_URL = $Endpoint
        }
        foreach ($name in $proxyVariables) { $environment[$name] = $null }
        foreach ($name in 'HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy') { $environment[$name] = $Proxy }
        $environment
    }

    function Get-ClosedLoopbackPort {
        $probe = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
        $probe.Start()
        $port = $probe.LocalEndpoint.Port
        $probe.Stop()
        $port
    }
}

AfterAll {
    Disconnect-Qianfan
    Restore-TestEnvironment $savedEnvironment
    Stop-TestEmulator $emulator
}

Describe 'Proxy' {
    It 'a plain-http loopback endpoint is reached directly although HTTP_PROXY names a proxy' {
        # A logging proxy: a listener that never accepts, so any connection made to it waits in its queue.
        $proxy = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
        $proxy.Start()
        try {
            Reset-EmulatorStats $emulator
            $child = Invoke-TestPwsh -Environment (New-ChildEnvironment "http://127.0.0.1:$($proxy.LocalEndpoint.Port)" $emulator.Url) -Command @'
$ErrorActionPreference = 'Stop'
Import-Module $env:QIANFAN_TEST_MODULE
$tasks = @(Get-QianfanBatchTask -MaxRetryCount 0 -TimeoutSec 5)
$stopped = Stop-QianfanBatchTask -TaskId infer-000001 -MaxRetryCount 0 -TimeoutSec 5
"tasks=$($tasks.Count) stopped=$($stopped.Result)"
'@
            $child.Errors | Should -BeNullOrEmpty
            $child.Output.Trim() | Should -Be 'tasks=3 stopped=True'
            $child.ExitCode | Should -Be 0
            $proxy.Pending() | Should -BeFalse -Because 'the signed request and the token must not travel to the proxy'
            (Get-EmulatorStats $emulator).total | Should -Be 2
        }
        finally {
            $proxy.Stop()
        }
    }

    It 'a proxy that fails is named in the error, without its user name and password' {
        $port = Get-ClosedLoopbackPort
        $child = Invoke-TestPwsh -Environment (New-ChildEnvironment "http://puser:psecret-3141@127.0.0.1:$port" 'https://qianfan.example.invalid') -Command @'
Import-Module $env:QIANFAN_TEST_MODULE
$VerbosePreference = 'Continue'
$DebugPreference = 'Continue'
$streams = Get-QianfanBatchTask -MaxRetryCount 0 -TimeoutSec 10 -ErrorVariable failed *>&1 | Out-String -Width 500
$streams
$failed | Format-List * -Force | Out-String -Width 500
$failed.Exception.ToString()
"TARGET=$($failed.TargetObject)"
'@
        $child.Output | Should -Match 'ConnectionFailed'
        $child.Output | Should -Match ([regex]::Escape("the proxy http://***@127.0.0.1:$port on the way to https://qianfan.example.invalid"))
        $child.Output | Should -Not -Match 'psecret-3141'
        $child.Output | Should -Not -Match 'puser'
        $child.Errors | Should -Not -Match 'psecret-3141'
    }
}

Describe 'Passwords in URLs' {
    BeforeEach { Disconnect-Qianfan }

    It 'an endpoint with a password is refused without showing it: <Endpoint>' -ForEach @(
        @{ Endpoint = 'https://alice:s3cret-ep@qianfan.example.com' }
        @{ Endpoint = 'http://alice:s3cret-ep@qianfan.example.com' }
        @{ Endpoint = 'https://alice:s3cret-ep@qianfan.example.com/v2?x=1' }
    ) {
        $failures = @(
            try { Connect-Qianfan -Credential $good -Endpoint $Endpoint } catch { $_ }
            try { Get-QianfanBatchTask -Credential $good -Endpoint $Endpoint } catch { $_ }
            try { Get-QianfanContext -Endpoint $Endpoint } catch { $_ }
        )
        $env:QIANFAN_CONSOLE_API_BASE_URL = $Endpoint
        try {
            $failures += try { Get-QianfanBatchTask -Credential $good } catch { $_ }
        }
        finally {
            $env:QIANFAN_CONSOLE_API_BASE_URL = $null
        }

        $failures.Count | Should -Be 4
        foreach ($failure in $failures) {
            $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidEndpoint,*'
            $shown = ($failure | Format-List * -Force | Out-String -Width 500) + $failure.Exception.ToString() + "$($failure.TargetObject)"
            $shown | Should -Not -Match 's3cret-ep'
            $shown | Should -Not -Match 'alice'
            $shown | Should -Match ([regex]::Escape('***@qianfan.example.com'))
        }
    }
}

Describe 'Security token' {
    BeforeAll {
        $script:token = 'STS-ZjkyZDQ0ZmEtYTk4Zi00+token/xyz=='
        # The token is fixed for an emulator's life (its admin route does not change secrets): one of its own.
        $script:tokenEmulator = Start-TestEmulator -Arguments '--tasks', '3' -SecurityToken $token
        $script:c = @{ Credential = $good; Endpoint = $tokenEmulator.Url }
    }
    AfterAll {
        Stop-TestEmulator $script:tokenEmulator
        $script:c = @{ Credential = $good; Endpoint = $emulator.Url }
    }
    BeforeEach {
        Disconnect-Qianfan
        Reset-EmulatorStats $tokenEmulator
    }
    AfterEach { Clear-TestEnvironment -Name 'QIANFAN_ACCESS_KEY', 'QIANFAN_SECRET_KEY', 'QIANFAN_SECURITY_TOKEN' }

    It 'read with a trailing line break, it is sent trimmed and -Debug shows none of it: <Name>' -ForEach @(
        @{ Name = 'environment'; Suffix = "`n" }
        @{ Name = 'environment, CRLF'; Suffix = "`r`n" }
        @{ Name = 'parameter'; Suffix = " `n" }
    ) {
        $streams = & {
            $DebugPreference = 'Continue'
            if ($Name -like 'environment*') {
                $env:QIANFAN_ACCESS_KEY = $keys.AccessKey
                $env:QIANFAN_SECRET_KEY = $keys.SecretKey
                $env:QIANFAN_SECURITY_TOKEN = $token + $Suffix
                Get-QianfanBatchTask -Endpoint $tokenEmulator.Url -Debug
            }
            else {
                Get-QianfanBatchTask @c -SecurityToken (ConvertTo-SecureString ($token + $Suffix) -AsPlainText -Force) -Debug
            }
        } *>&1
        $text = $streams | Out-String -Width 500

        @($streams | Where-Object { $_.PSObject.TypeNames -contains 'Qianfan.BatchTask' }).Count | Should -Be 3
        $text | Should -Match 'x-bce-security-token:\[redacted\]'
        $text | Should -Not -Match 'ZjkyZDQ0ZmEtYTk4Zi00'
        (Get-EmulatorStats $tokenEmulator).authFailures | Should -Be 0
    }

    It 'with a line break inside, it is refused before any request: <Name>' -ForEach @(
        @{ Name = 'parameter'; Token = "STS-abc`r`nX-Injected: 1" }
        @{ Name = 'environment'; Token = "STS-abc`nX-Injected: 1" }
        @{ Name = 'Connect-Qianfan'; Token = "STS-abc`e[2J" }
    ) {
        $secure = ConvertTo-SecureString $Token -AsPlainText -Force
        $failure = switch ($Name) {
            'parameter' { try { Get-QianfanBatchTask @c -SecurityToken $secure } catch { $_ } }
            'Connect-Qianfan' { try { Connect-Qianfan @c -SecurityToken $secure } catch { $_ } }
            'environment' {
                $env:QIANFAN_ACCESS_KEY = $keys.AccessKey
                $env:QIANFAN_SECRET_KEY = $keys.SecretKey
                $env:QIANFAN_SECURITY_TOKEN = $Token
                try { Get-QianfanBatchTask -Endpoint $tokenEmulator.Url } catch { $_ }
            }
        }

        $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidSecurityToken,*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.Exception.Message | Should -Match 'line break'
        $failure.Exception.Message | Should -Not -Match 'STS-abc'
        (Get-EmulatorStats $tokenEmulator).total | Should -Be 0
        Get-SessionCredential | Should -BeNullOrEmpty
    }
}

Describe 'Signature lifetime' {
    AfterEach { $env:QIANFAN_IAM_SIGN_EXPIRATION_SEC = $null }

    It 'QIANFAN_IAM_SIGN_EXPIRATION_SEC=<Value> stops the command before any request' -ForEach @(
        @{ Value = '2147483647' }
        @{ Value = '0' }
        @{ Value = '59' }
        @{ Value = '3601' }
        @{ Value = '300s' }
    ) {
        Reset-EmulatorStats $emulator
        $env:QIANFAN_IAM_SIGN_EXPIRATION_SEC = $Value

        $failure = try { Stop-QianfanBatchTask @c -TaskId infer-000002 } catch { $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidSignatureLifetime,*'
        $failure.Exception.Message | Should -Match 'from 60 to 3600'
        (Get-EmulatorStats $emulator).total | Should -Be 0
    }

    It 'a value in range is used' {
        Reset-EmulatorStats $emulator
        $env:QIANFAN_IAM_SIGN_EXPIRATION_SEC = '120'

        @(Get-QianfanBatchTask @c).Count | Should -Be 3
        (Get-EmulatorStats $emulator).authFailures | Should -Be 0
    }
}

Describe 'Disconnect-Qianfan' {
    It 'disposes the secret key it forgets, so it can no longer be read' {
        Connect-Qianfan -Credential $good -Endpoint $emulator.Url
        $secret = (Get-SessionCredential).SecretKey
        $secret.Length | Should -Be $keys.SecretKey.Length

        Disconnect-Qianfan

        $problem = try { $secret.Copy() } catch { $_ }
        $problem.Exception.InnerException | Should -BeOfType ([System.ObjectDisposedException])
        $good.Password.Length | Should -Be $keys.SecretKey.Length -Because "the caller's own credential is not the session's to dispose"
    }
}
