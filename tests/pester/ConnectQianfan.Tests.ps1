# Connect-Qianfan, Disconnect-Qianfan and Get-QianfanContext: which keys and endpoint sign, proved
# by the emulator accepting or refusing them; where each setting came from; STS tokens; no secret shown.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }

    # The session is process-wide: start and end with none, and keep the environment out of the way.
    $script:variables = 'QIANFAN_ACCESS_KEY', 'QIANFAN_SECRET_KEY', 'QIANFAN_SECURITY_TOKEN', 'QIANFAN_CONSOLE_API_BASE_URL'
    $script:savedEnvironment = Save-TestEnvironment -Name $variables -Clear
    Disconnect-Qianfan

    $script:emulator = Start-TestEmulator -Arguments '--tasks', '3'
    $script:keys = Get-TestKeys
    $script:good = New-TestCredential
    $script:otherKeys = [pscustomobject]@{ AccessKey = 'AKOTHER1111111111111111111111111'; SecretKey = 'SKOTHERsecret-5d1e9a7c3b' }
    $script:other = New-TestCredential -AccessKey $otherKeys.AccessKey -SecretKey $otherKeys.SecretKey
    $script:token = 'STS-ZjkyZDQ0ZmEtYTk4Zi00+token/abc=='

    function Get-ListCount { Get-ActionCount (Get-EmulatorStats $emulator) 'DescribeBatchInferenceTasks' }
}

AfterAll {
    Disconnect-Qianfan
    Restore-TestEnvironment $savedEnvironment
    Stop-TestEmulator $emulator
}

Describe 'Connect-Qianfan and Disconnect-Qianfan' {
    BeforeEach {
        Disconnect-Qianfan
        Reset-EmulatorStats $emulator
    }

    It 'without keys anywhere, a command stops with NoCredential before any request' {
        { Get-QianfanBatchTask -Endpoint $emulator.Url } | Should -Throw -ErrorId 'NoCredential,*'
        (Get-EmulatorStats $emulator).total | Should -Be 0
    }

    It 'sets the keys and endpoint every cmdlet then uses' {
        Connect-Qianfan -Credential $good -Endpoint $emulator.Url
        Reset-EmulatorStats $emulator # the request that checked the keys

        @(Get-QianfanBatchTask).Count | Should -Be 3
        (Invoke-QianfanConsoleAction -Action DescribeBatchInferenceTask -Body @{ taskId = 'infer-000001' }).taskId | Should -Be 'infer-000001'
        (Stop-QianfanBatchTask -TaskId infer-000001).Result | Should -BeTrue
        $stats = Get-EmulatorStats $emulator
        $stats.total | Should -Be 3
        $stats.authFailures | Should -Be 0
    }

    It 'changes which keys sign: an emulator with other keys refuses the old ones and accepts the new' {
        # An emulator's secret key is fixed when it starts, so the other keys get an emulator of their own.
        $otherEmulator = Start-TestEmulator -Arguments '--tasks', '3' -AccessKey $otherKeys.AccessKey -SecretKey $otherKeys.SecretKey
        try {
            Connect-Qianfan -Credential $good -Endpoint $otherEmulator.Url -SkipValidation
            Get-QianfanBatchTask -ErrorVariable failed -ErrorAction SilentlyContinue
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'InvalidAccessKeyId,*'
            (Get-EmulatorStats $otherEmulator).authFailures | Should -Be 1

            Connect-Qianfan -Credential $other -Endpoint $otherEmulator.Url
            Reset-EmulatorStats $otherEmulator # the request that checked the keys
            @(Get-QianfanBatchTask).Count | Should -Be 3
            $stats = Get-EmulatorStats $otherEmulator
            $stats.authFailures | Should -Be 0
            Get-ActionCount $stats 'DescribeBatchInferenceTasks' | Should -Be 1

            Connect-Qianfan -Credential $other -Endpoint $emulator.Url -SkipValidation
            Get-QianfanBatchTask -ErrorVariable failed -ErrorAction SilentlyContinue
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'InvalidAccessKeyId,*'
        }
        finally {
            Stop-TestEmulator $otherEmulator
        }
    }

    It 'signs with the secret key of the session: the right access key with a wrong secret is refused' {
        Connect-Qianfan -Credential (New-TestCredential -SecretKey 'SKwrong-0000') -Endpoint $emulator.Url -SkipValidation

        Get-QianfanBatchTask -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].FullyQualifiedErrorId | Should -BeLike 'SignatureDoesNotMatch,*'
        ($failed | Out-String) | Should -Not -Match 'SKwrong-0000'
        (Get-EmulatorStats $emulator).authFailures | Should -Be 1
    }

    It 'is forgotten by Disconnect-Qianfan' {
        Connect-Qianfan -Credential $good -Endpoint $emulator.Url
        Disconnect-Qianfan
        Reset-EmulatorStats $emulator # the request that checked the keys

        { Get-QianfanBatchTask -Endpoint $emulator.Url } | Should -Throw -ErrorId 'NoCredential,*'
        (Get-QianfanContext).CredentialSource | Should -Be 'None'
        (Get-EmulatorStats $emulator).total | Should -Be 0
    }

    It 'gives way to keys given to a command' {
        Connect-Qianfan -Credential $other -Endpoint $emulator.Url -SkipValidation

        @(Get-QianfanBatchTask -Credential $good).Count | Should -Be 3
        Get-QianfanBatchTask -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'InvalidAccessKeyId,*'
    }

    It 'takes precedence over the environment, which applies again after Disconnect-Qianfan' {
        $env:QIANFAN_ACCESS_KEY = $otherKeys.AccessKey
        $env:QIANFAN_SECRET_KEY = $otherKeys.SecretKey
        $env:QIANFAN_CONSOLE_API_BASE_URL = $emulator.Url
        try {
            Connect-Qianfan -Credential $good
            @(Get-QianfanBatchTask).Count | Should -Be 3

            Disconnect-Qianfan
            Get-QianfanBatchTask -ErrorVariable failed -ErrorAction SilentlyContinue
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'InvalidAccessKeyId,*'
            (Get-EmulatorStats $emulator).authFailures | Should -Be 1
        }
        finally {
            Clear-TestEnvironment -Name $variables
        }
    }

    It 'accepts a credential whose user name starts with a backslash, as some prompts return it' {
        Connect-Qianfan -Credential (New-TestCredential -AccessKey ('\' + $keys.AccessKey)) -Endpoint $emulator.Url

        @(Get-QianfanBatchTask).Count | Should -Be 3
    }

    It 'checks the keys with one read and, when the service refuses them, stops with its code and request id and keeps the session as it was' {
        Connect-Qianfan -Credential $other -Endpoint $emulator.Url -SkipValidation
        $before = Get-QianfanContext
        Reset-EmulatorStats $emulator

        $failure = try { Connect-Qianfan -Credential (New-TestCredential -SecretKey 'SKwrong-0000') -Endpoint $emulator.Url; $null } catch { $_ }

        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -Be 'SignatureDoesNotMatch,Qianfan.Cmdlets.ConnectQianfanCommand'
        $failure.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $failure.ErrorDetails.Message | Should -Match 'session is unchanged'
        $failure.ErrorDetails.Message | Should -Match 'request id [0-9a-f-]{36}'
        $failure.ErrorDetails.RecommendedAction | Should -Match '-SkipValidation'
        ($failure | Format-List * -Force | Out-String) + $failure.Exception.ToString() | Should -Not -Match 'SKwrong-0000'
        $stats = Get-EmulatorStats $emulator
        $stats.authFailures | Should -Be 1 -Because 'one request checked the keys, and was refused'
        $stats.total | Should -Be 0
        (Get-QianfanContext).AccessKey | Should -Be $before.AccessKey
        (Get-QianfanContext).CredentialSource | Should -Be 'Session'
    }

    It 'checks against the endpoint commands will use: the environment''s when -Endpoint is not given, not the old session''s' {
        Connect-Qianfan -Credential $good -Endpoint 'https://qianfan.example.invalid' -SkipValidation
        $env:QIANFAN_CONSOLE_API_BASE_URL = $emulator.Url
        try {
            Connect-Qianfan -Credential $good -Verbose 4>&1 | Out-String | Should -Match 'accepted access key'
        }
        finally {
            $env:QIANFAN_CONSOLE_API_BASE_URL = $null
        }
        Get-ActionCount (Get-EmulatorStats $emulator) 'DescribeBatchInferenceTasks' | Should -Be 1
    }

    It 'stops when the endpoint cannot be reached, and keeps no keys' {
        $closed = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $closed.Start(); $port = $closed.LocalEndpoint.Port; $closed.Stop()

        { Connect-Qianfan -Credential $good -Endpoint "http://127.0.0.1:$port" } | Should -Throw -ErrorId 'ConnectionFailed,*'

        (Get-QianfanContext).CredentialSource | Should -Be 'None'
    }

    It 'with -SkipValidation, keeps the keys without a request' {
        Connect-Qianfan -Credential (New-TestCredential -SecretKey 'SKwrong-0000') -Endpoint $emulator.Url -SkipValidation

        (Get-EmulatorStats $emulator).total | Should -Be 0
        (Get-QianfanContext).CredentialSource | Should -Be 'Session'
    }

    It 'refuses an unusable endpoint and keeps the session as it was' {
        Connect-Qianfan -Credential $good -Endpoint $emulator.Url

        { Connect-Qianfan -Credential $other -Endpoint 'http://example.com' } | Should -Throw -ErrorId 'InvalidEndpoint,*'

        $context = Get-QianfanContext
        $context.Endpoint | Should -Be $emulator.Url
        $context.AccessKey | Should -Be (Get-QianfanContext -Credential $good).AccessKey
    }

    It 'writes the context with -PassThru and nothing without it' {
        Connect-Qianfan -Credential $good -Endpoint $emulator.Url | Should -BeNullOrEmpty
        $context = Connect-Qianfan -Credential $good -Endpoint $emulator.Url -PassThru
        $context.PSObject.TypeNames[0] | Should -Be 'Qianfan.QianfanContext'
        $context.CredentialSource | Should -Be 'Session'
    }
}

Describe 'Get-QianfanContext' {
    BeforeEach { Disconnect-Qianfan }
    AfterEach { Clear-TestEnvironment -Name $variables }

    It 'says where each setting came from: session' {
        Connect-Qianfan -Credential $good -Endpoint $emulator.Url

        $context = Get-QianfanContext

        $context.CredentialSource | Should -Be 'Session'
        $context.EndpointSource | Should -Be 'Session'
        $context.Endpoint | Should -Be $emulator.Url
        $context.HasSecurityToken | Should -BeFalse
    }

    It 'says where each setting came from: parameter' {
        Connect-Qianfan -Credential $other -Endpoint $emulator.Url -SkipValidation

        $context = Get-QianfanContext -Credential $good -Endpoint 'https://qianfan.example.com:8443'

        $context.CredentialSource | Should -Be 'Parameter'
        $context.EndpointSource | Should -Be 'Parameter'
        $context.Endpoint | Should -Be 'https://qianfan.example.com:8443'
    }

    It 'says where each setting came from: environment and default' {
        $env:QIANFAN_ACCESS_KEY = $keys.AccessKey
        $env:QIANFAN_SECRET_KEY = $keys.SecretKey

        $context = Get-QianfanContext

        $context.CredentialSource | Should -Be 'Environment'
        $context.EndpointSource | Should -Be 'Default'
        $context.Endpoint | Should -Be 'https://qianfan.baidubce.com'

        $env:QIANFAN_CONSOLE_API_BASE_URL = $emulator.Url
        (Get-QianfanContext).EndpointSource | Should -Be 'Environment'
    }

    It 'labels each line of its view with the name of the property shown' {
        Connect-Qianfan -Credential $good -Endpoint $emulator.Url
        $context = Get-QianfanContext

        $labels = @(($context | Out-String) -split "`n" | Where-Object { $_ -match '^(\w+)\s+:' } | ForEach-Object { $Matches[1] })

        $labels | Should -Be 'AccessKey', 'CredentialSource', 'HasSecurityToken', 'Endpoint', 'EndpointSource'
        foreach ($label in $labels) { $context.PSObject.Properties.Name | Should -Contain $label }
    }

    It 'says None when there are no keys' {
        $context = Get-QianfanContext
        $context.CredentialSource | Should -Be 'None'
        $context.AccessKey | Should -BeNullOrEmpty
        ($context | Out-String) | Should -Match 'AccessKey\s+: \(none\)'
    }

    It 'masks the access key and shows no secret' {
        Connect-Qianfan -Credential $good -Endpoint $emulator.Url

        $context = Get-QianfanContext
        $shown = ($context | Out-String) + ($context | Format-List * | Out-String) + ($context | ConvertTo-Json)

        $context.AccessKey | Should -Be ($keys.AccessKey.Substring(0, 4) + ('*' * ($keys.AccessKey.Length - 8)) + $keys.AccessKey.Substring($keys.AccessKey.Length - 4))
        $shown | Should -Not -Match ([regex]::Escape($keys.AccessKey))
        $shown | Should -Not -Match ([regex]::Escape($keys.SecretKey))
        $shown | Should -Match 'CredentialSource\s+: Session'
        $shown | Should -Match 'EndpointSource\s+: Session'
    }

    It 'shows half the keys in the environment as unusable, with the reason and a warning, instead of failing' {
        $env:QIANFAN_ACCESS_KEY = $keys.AccessKey

        $context = Get-QianfanContext -WarningVariable warned -WarningAction SilentlyContinue

        $context.CredentialSource | Should -Be 'Environment'
        $context.CredentialProblem | Should -Match 'QIANFAN_SECRET_KEY is not set'
        $context.AccessKey | Should -BeNullOrEmpty
        $warned.Count | Should -Be 1
        ($context | Out-String) | Should -Match 'CredentialProblem\s+: The environment variable QIANFAN_SECRET_KEY is not set'
        { Get-QianfanBatchTask -Endpoint $emulator.Url } | Should -Throw -ErrorId 'NoCredential,*'
    }

    It 'shows an unusable endpoint in the environment as such, with the reason, and never throws: <Endpoint>' -ForEach @(
        @{ Endpoint = 'not a url'; Says = 'unusable endpoint' }
        @{ Endpoint = 'ftp://qianfan.example.com'; Says = 'unusable endpoint' }
        @{ Endpoint = 'https://alice:s3cret-ep@qianfan.example.com'; Says = 'unusable endpoint' }
    ) {
        $env:QIANFAN_ACCESS_KEY = $keys.AccessKey
        $env:QIANFAN_SECRET_KEY = $keys.SecretKey
        $env:QIANFAN_CONSOLE_API_BASE_URL = $Endpoint

        $context = Get-QianfanContext -WarningVariable warned -WarningAction SilentlyContinue

        $context.CredentialSource | Should -Be 'Environment'
        $context.CredentialProblem | Should -BeNullOrEmpty
        $context.EndpointSource | Should -Be 'Environment'
        $context.EndpointProblem | Should -Match $Says
        $warned.Count | Should -Be 1
        $shown = ($context | Out-String) + ($context | ConvertTo-Json) + ($warned | Out-String)
        $shown | Should -Match 'EndpointProblem\s+: The environment variable QIANFAN_CONSOLE_API_BASE_URL'
        $shown | Should -Not -Match 's3cret-ep'
        { Get-QianfanBatchTask } | Should -Throw -ErrorId 'InvalidEndpoint,*'
    }
}

Describe 'Temporary (STS) credentials' {
    # An emulator's token is fixed when it starts: these tests have one that requires it.
    BeforeAll { $tokenEmulator = Start-TestEmulator -Arguments '--tasks', '3' -SecurityToken $token }
    AfterAll { Stop-TestEmulator $tokenEmulator }
    BeforeEach {
        Disconnect-Qianfan
        Reset-EmulatorStats $tokenEmulator
    }
    AfterEach { Clear-TestEnvironment -Name $variables }

    It 'are refused without the token' {
        Connect-Qianfan -Credential $good -Endpoint $tokenEmulator.Url -SkipValidation

        Get-QianfanBatchTask -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed[0].FullyQualifiedErrorId | Should -BeLike 'AccessDenied,*'
    }

    It 'sends and signs the token given to Connect-Qianfan' {
        $secureToken = ConvertTo-SecureString $token -AsPlainText -Force
        Connect-Qianfan -Credential $good -Endpoint $tokenEmulator.Url -SecurityToken $secureToken

        @(Get-QianfanBatchTask).Count | Should -Be 3
        (Get-QianfanContext).HasSecurityToken | Should -BeTrue
        (Get-QianfanContext | Out-String) | Should -Match 'HasSecurityToken\s+: True'
        (Get-EmulatorStats $tokenEmulator).authFailures | Should -Be 0
    }

    It 'sends and signs the token given to a command' {
        $secureToken = ConvertTo-SecureString $token -AsPlainText -Force

        @(Get-QianfanBatchTask -Credential $good -SecurityToken $secureToken -Endpoint $tokenEmulator.Url).Count | Should -Be 3
        (Invoke-QianfanConsoleAction -Credential $good -SecurityToken $secureToken -Endpoint $tokenEmulator.Url -Action DescribeBatchInferenceModel).Count | Should -Be 3
    }

    It 'sends and signs QIANFAN_SECURITY_TOKEN with the environment keys' {
        $env:QIANFAN_ACCESS_KEY = $keys.AccessKey
        $env:QIANFAN_SECRET_KEY = $keys.SecretKey
        $env:QIANFAN_SECURITY_TOKEN = $token

        @(Get-QianfanBatchTask -Endpoint $tokenEmulator.Url).Count | Should -Be 3
        (Get-QianfanContext).HasSecurityToken | Should -BeTrue
    }

    It 'refuses a token without keys to go with it' {
        $secureToken = ConvertTo-SecureString $token -AsPlainText -Force
        { Get-QianfanBatchTask -SecurityToken $secureToken -Endpoint $tokenEmulator.Url } | Should -Throw -ErrorId 'NoCredential,*'
        (Get-EmulatorStats $tokenEmulator).total | Should -Be 0
    }

    It 'never shows the token, the secret key or the whole access key in any stream' {
        $secureToken = ConvertTo-SecureString $token -AsPlainText -Force
        $streams = & {
            $DebugPreference = 'Continue'
            $ErrorActionPreference = 'Continue'
            Connect-Qianfan -Credential $good -Endpoint $tokenEmulator.Url -SecurityToken $secureToken -PassThru -Verbose
            Get-QianfanBatchTask -Verbose
            Get-QianfanBatchTask -TaskId infer-000002, infer-none -Verbose
            Invoke-QianfanConsoleAction -Action NoSuchAction -Verbose
            Get-QianfanContext
        } *>&1 | Out-String -Width 400

        $streams | Should -Match 'DescribeBatchInferenceTasks'
        $streams | Should -Match 'canonical request'
        $streams | Should -Match 'ResourceNotFound'
        $streams | Should -Not -Match ([regex]::Escape($token))
        $streams | Should -Not -Match ([regex]::Escape([uri]::EscapeDataString($token)))
        $streams | Should -Not -Match ([regex]::Escape($keys.SecretKey))
        $streams | Should -Not -Match ([regex]::Escape($keys.AccessKey))
    }
}

Describe 'Jobs and the session, as about_Qianfan (JOBS) says' {
    BeforeAll {
        $module = Get-TestModulePath
        $running = @(Get-QianfanBatchTask -Credential $good -Endpoint $emulator.Url -Status Running).Count
        $running | Should -BeGreaterThan 0
    }
    BeforeEach { Disconnect-Qianfan }
    AfterEach { Clear-TestEnvironment -Name $variables }

    # Start-ThreadJob ships with PowerShell 7; on Windows PowerShell it is the ThreadJob module, when installed.
    It 'a thread job uses the session of Connect-Qianfan' -Skip:(-not (Get-Command Start-ThreadJob -ErrorAction Ignore)) {
        Connect-Qianfan -Credential $good -Endpoint $emulator.Url

        # The thread job's runspace imports the module anew, yet the loaded assembly and its session are the same.
        # Called through Get-Command: the suite's Windows PowerShell syntax check allows it only where it is guarded.
        $startThreadJob = Get-Command Start-ThreadJob
        $tasks = & $startThreadJob -ArgumentList $module { param($Module) Import-Module $Module; Get-QianfanBatchTask } | Receive-Job -Wait -AutoRemoveJob

        @($tasks).Count | Should -Be 3
    }

    It 'Start-Job does not see the session: its command stops with NoCredential' {
        Connect-Qianfan -Credential $good -Endpoint $emulator.Url

        $failure = Start-Job -ArgumentList $module { param($Module) Import-Module $Module; Get-QianfanBatchTask } |
            Receive-Job -Wait -AutoRemoveJob -ErrorAction SilentlyContinue -ErrorVariable failed
        $failure | Should -BeNullOrEmpty

        "$failed" | Should -Match 'No Qianfan access key and secret key were found'
    }

    It 'the code of about_Qianfan''s JOBS section runs as written, with both ways' {
        $about = Get-Content (Join-Path $module 'en-US/about_Qianfan.help.txt')
        $start = [array]::IndexOf($about, 'JOBS')
        $end = $start + 1
        while ($about[$end] -cnotmatch '^[A-Z]') { $end++ }
        $code = ($about[$start..($end - 1)] | Where-Object { $_ -match '^ {8}' } | ForEach-Object { $_.Substring(8) }) -join "`n"
        $code | Should -Match 'Start-Job'
        # The job's process finds the module as an installed one would be found; the endpoint is set "the same way".
        $env:QIANFAN_CONSOLE_API_BASE_URL = $emulator.Url
        $credential = $good
        $out = Use-TestEnvironment @{ PSModulePath = (Split-Path $module) + [IO.Path]::PathSeparator + $env:PSModulePath } {
            @(& ([scriptblock]::Create($code)) 2>&1)
        }

        @($out | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) | Should -BeNullOrEmpty
        @($out | Where-Object { $_.PSObject.TypeNames -contains 'Deserialized.Qianfan.BatchTask' }).Count | Should -Be (2 * $running)
    }
}

# Completeness of the help (synopsis, every parameter, five examples) is checked for every command in Help.Tests.ps1.
Describe 'Connect-Qianfan help' {
    It 'shows signing in with Get-Credential and with a secret store' {
        $code = ((Get-Help Connect-Qianfan -Full).Examples.Example | ForEach-Object Code) -join "`n"
        $code | Should -Match 'Connect-Qianfan -Credential \(Get-Credential'
        $code | Should -Match 'Connect-Qianfan -Credential \(Get-Secret'
    }
}
